"""The coaching domain: plain dataclasses and the rules that govern them (no Qt, no SQL, no cv2)."""
