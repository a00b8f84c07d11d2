"""The REST API of the dashboards app: the officials' live city statistics."""
