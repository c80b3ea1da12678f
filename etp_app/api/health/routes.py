from flask_smorest import Blueprint

blp = Blueprint("health", __name__, url_prefix="/api/v1/health", description="health")
