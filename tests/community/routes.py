from tests.routes import community_page, global_page, system_page

ALL_302 = dict.fromkeys(
    ["anonymous", "staff", "secretary", "grid", "street", "outsider", "auditor", "sysadmin"], 302
)

ROUTES = {
    "home": global_page({**ALL_302, "street": 200}),
    # Logged-in users are sent on from the login page.
    "login": global_page({**ALL_302, "anonymous": 200}),
    # Logout is POST only; it ends the session and returns to the login page.
    "logout": global_page(ALL_302, method="post"),
    "password_change": global_page({**dict.fromkeys(ALL_302, 200), "anonymous": 302}),
    "password_change_done": global_page({**dict.fromkeys(ALL_302, 200), "anonymous": 302}),
    "audit_log": system_page({"auditor"}),
    "audit_export": system_page({"auditor"}),
    # The second factor is required of the system admin, the auditor and the street office (enrolled).
    "two_factor": global_page(
        {**dict.fromkeys(ALL_302, 404), "anonymous": 302, "street": 200, "sysadmin": 200, "auditor": 200}
    ),
    "two_factor_disable": global_page(
        {**dict.fromkeys(ALL_302, 404), "anonymous": 302, "street": 302, "sysadmin": 302, "auditor": 302},
        method="post",
    ),
    "two_factor_verify": global_page(ALL_302),  # everyone here has passed it (or needs none): sent on
    "community:overview": community_page({"staff", "secretary", "grid", "street"}),
    "community:profile": community_page({"staff", "secretary"}),
    "admin:index": global_page({**ALL_302, "sysadmin": 200}),
}
