"""Custom actions of the orientation assistant (loaded by `rasa run actions`)."""

from knowledge.referral import preload

# The action server imports this package once at start: the first visitor's referral no longer waits for the
# knowledge base and the gazetteer to load.
preload()
