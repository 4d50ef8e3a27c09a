"""Page blueprints, one per audience."""
