"""The competency audit: attained levels, team rules, gap reports and progression paths."""
