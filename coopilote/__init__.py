"""Coopilote: the web platform of the regional unions of Scop and Scic."""
