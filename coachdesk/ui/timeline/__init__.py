"""The cycle timeline: geometry (layout), words (texts), drawing (painting) and the canvas."""
