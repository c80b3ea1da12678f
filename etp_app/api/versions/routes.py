from etp_app.api.common import ApiBlueprint

blp = ApiBlueprint("versions", __name__, url_prefix="/api/v1", description="versions")
