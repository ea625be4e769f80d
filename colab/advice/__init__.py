"""Crowdsourced advice on projects: advice, questions, resources and expertise offers, helpful votes, the team's
answers (adoption through a project update), and expert credentials granted by moderators."""
