"""Pages of the stats app: dashboard and chart downloads, CTDC exports, annual reports,
the global dataset comparison."""
