"""The archivists' review web app (`decree review`)."""
