"""Small reusable widgets: the progress chart, the stage stepper, commit-on-leave text fields."""
