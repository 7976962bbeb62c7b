"""The model-training toolkit: synthetic pages and OCR pairs, corpus reading, building the language
model and the OCR channels, fitting calibration, learning from archivists' corrections, and the
restoration metric. It builds what `models/` holds; no product module imports it (the CLI does,
lazily, for `decree train` and `decree eval`). See docs/architecture.md."""
