from etp_app.api.common import ApiBlueprint

blp = ApiBlueprint("exports", __name__, url_prefix="/api/v1", description="exports")
