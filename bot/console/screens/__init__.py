"""One router per console screen."""
