"""The built-in trainer: CALVIN-layout loader, training loop, events, checkpoints, evaluation, ONNX export."""
