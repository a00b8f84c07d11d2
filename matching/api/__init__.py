"""The REST API of the matching app: serializers, viewsets and routes."""
