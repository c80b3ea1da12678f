from etp_app.api.common import ApiBlueprint

blp = ApiBlueprint("admin", __name__, url_prefix="/api/v1", description="admin")
