"""What the bot is doing right now, for /health and the Prometheus counters."""

from services.monitoring.service import Health, MonitoringService, Probe, Snapshot

__all__ = ["Health", "MonitoringService", "Probe", "Snapshot"]
