"""VLA Lab policies over vla-eval's model-server protocol (serve), and Playtable scoring any vla-eval
model server (remote evaluation). Needs the [eval] extra: `pip install -e 'python[eval]'`."""
