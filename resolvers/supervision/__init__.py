"""Supervision resolvers: items and rectification, inspections and findings, bulletins, interviews."""
