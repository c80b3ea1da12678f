from flask_smorest import Blueprint

blp = Blueprint("etps", __name__, url_prefix="/api/v1/etps", description="etps")
