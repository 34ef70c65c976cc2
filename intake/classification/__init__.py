"""Message classification: taxonomy labels, risk level and evidence for a free text."""

from intake.classification.classifier import LABEL_FIELDS, Classification, classify, warm_up

__all__ = ["LABEL_FIELDS", "Classification", "classify", "warm_up"]
