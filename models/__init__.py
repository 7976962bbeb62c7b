"""The trained model files, shipped inside the wheel as the package `decree_models`
(see pipeline/model_files.py)."""
