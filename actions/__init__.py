"""Custom actions of the orientation assistant (loaded by `rasa run actions`)."""
