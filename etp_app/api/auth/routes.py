from flask_smorest import Blueprint

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="auth")
