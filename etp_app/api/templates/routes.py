from flask_smorest import Blueprint

blp = Blueprint("templates", __name__, url_prefix="/api/v1/templates", description="templates")
