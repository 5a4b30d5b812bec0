/**
 * The registry of study sections, in paper order. `deno task study` runs them; notebooks call the same runners.
 * @module
 */
import { ablationSection } from "./ablation.ts";
import { largeScaleSection, solverLargerSection } from "./large_scale.ts";
import { marginsSection } from "./margins.ts";
import { shufflingSection } from "./shuffling.ts";
import { smallScaleSection } from "./small_scale.ts";
import { solverSmallSection } from "./solver_comparison.ts";
import type { StudySection } from "./study.ts";
import { unsupervisedSection } from "./unsupervised.ts";

/** Every section, in paper order. */
export const STUDY_SECTIONS: readonly StudySection<any, any>[] = [
  shufflingSection,
  smallScaleSection,
  largeScaleSection,
  solverSmallSection,
  solverLargerSection,
  unsupervisedSection,
  ablationSection,
  marginsSection,
];

/** Looks a section up by id ("3", "5.1", …); throws a RangeError listing the ids otherwise. */
export function getSection(id: string): StudySection<any, any> {
  const section = STUDY_SECTIONS.find((s) => s.id === id);
  if (!section) {
    throw new RangeError(`unknown section '${id}' (available: ${STUDY_SECTIONS.map((s) => s.id).join(", ")})`);
  }
  return section;
}
