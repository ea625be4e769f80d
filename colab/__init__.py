"""Colab Wallonie: the virtual co-creation lab for public innovation in Wallonia."""
