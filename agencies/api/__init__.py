"""The REST API of the agencies app: serializers, viewsets and routes."""
