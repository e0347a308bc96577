"""Training, evaluation and export of VLA policies (the runner launches `python -m vlalab …`)."""
