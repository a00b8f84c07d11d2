"""The REST API of the talent app: serializers, viewsets and routes."""
