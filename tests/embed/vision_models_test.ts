import assert from "node:assert/strict";
import {
  CONTROL_FAMILIES,
  gaussianVisionModel,
  VISION_MODEL_FACTS,
  VISION_MODEL_IDS,
  VISION_MODELS,
  visionModelFamily,
  visionModelParameters,
} from "../../lib/embed/vision_models.ts";

Deno.test("every built-in vision model states its family and parameter count; controls have a control family and none", () => {
  for (const id of VISION_MODEL_IDS) {
    const facts = VISION_MODEL_FACTS[id];
    assert.ok(facts, `${id}: no facts`);
    const control = VISION_MODELS[id].kind !== "onnx";
    assert.equal(CONTROL_FAMILIES.has(facts.family) && facts.parameters === null, control, id);
  }
  assert.equal(visionModelFamily("random-mobilenet-v1-0.75"), "random-vit"); // a network, but a control
  assert.equal(visionModelParameters("random-mobilenet-v1-0.75"), visionModelParameters("mobilenet-v1-0.75"));
});

Deno.test("visionModelFamily(id): facts first, Gaussian controls by their constructor's ids, else the id's first part", () => {
  assert.equal(visionModelFamily("mobilenet-v2-0.35"), "mobilenet");
  assert.equal(visionModelFamily("pixels-32"), "pixel-values");
  assert.equal(visionModelFamily(gaussianVisionModel(64, 3).id), "random");
  assert.equal(visionModelFamily("dinov2-vit-b14"), "dinov2");
  assert.equal(visionModelFamily("ConvNeXt-Base"), "convnext");
  assert.equal(visionModelParameters("dinov2-vit-b14"), 86e6);
  assert.equal(visionModelParameters("convnext-base"), null);
});
