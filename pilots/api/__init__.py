"""The REST API of the pilots app: serializers, viewsets and routes."""
