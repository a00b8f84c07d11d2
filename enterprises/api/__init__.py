"""The REST API of the enterprises app: serializers, viewsets and routes."""
