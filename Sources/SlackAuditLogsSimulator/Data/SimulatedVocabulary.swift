/// Word lists the simulated organization and its events are made from. A few names hold quotes, apostrophes and
/// non-ASCII letters on purpose, so that consumers' JSON escaping and UTF-8 handling get exercised.
enum SimulatedVocabulary {
    /// First names: (display, ASCII for email addresses).
    static let firstNames: [(String, String)] = [
        ("Alice", "alice"), ("Bob", "bob"), ("Carol", "carol"), ("David", "david"), ("Emma", "emma"),
        ("Farid", "farid"), ("Grace", "grace"), ("Hiro", "hiro"), ("Isabel", "isabel"), ("Jamal", "jamal"),
        ("Kenji", "kenji"), ("Laura", "laura"), ("Mateo", "mateo"), ("Nadia", "nadia"), ("Olivia", "olivia"),
        ("Priya", "priya"), ("Quentin", "quentin"), ("Rosa", "rosa"), ("Samuel", "samuel"), ("Tara", "tara"),
        ("Umar", "umar"), ("Valentina", "valentina"), ("Wei", "wei"), ("Ximena", "ximena"), ("Yusuf", "yusuf"),
        ("Zoë", "zoe"), ("José", "jose"), ("Łukasz", "lukasz"), ("Søren", "soren"), ("Renée", "renee"),
        ("Björn", "bjorn"), ("Chloé", "chloe"), ("Aïsha", "aisha"), ("François", "francois"), ("Jürgen", "jurgen"),
        ("Siobhán", "siobhan"), ("Dmitri", "dmitri"), ("Yūki", "yuki"), ("Ana", "ana"), ("Ngozi", "ngozi"),
        ("Mei", "mei"), ("Oluwaseun", "oluwaseun"), ("Sven", "sven"), ("Ingrid", "ingrid"), ("Raj", "raj"),
        ("Fatima", "fatima"), ("Liam", "liam"), ("Noah", "noah"), ("Sofia", "sofia"), ("Elena", "elena"),
    ]

    /// Last names: (display, ASCII for email addresses).
    static let lastNames: [(String, String)] = [
        ("Smith", "smith"), ("Johnson", "johnson"), ("García", "garcia"), ("Müller", "muller"),
        ("O'Brien", "obrien"), ("Nguyễn", "nguyen"), ("Kowalski", "kowalski"), ("Rossi", "rossi"),
        ("Tanaka", "tanaka"), ("Okafor", "okafor"), ("Patel", "patel"), ("Kim", "kim"), ("Chen", "chen"),
        ("Silva", "silva"), ("Novák", "novak"), ("Johansson", "johansson"), ("Dubois", "dubois"),
        ("Ivanova", "ivanova"), ("Haddad", "haddad"), ("Schmidt", "schmidt"), ("López", "lopez"),
        ("Andersen", "andersen"), ("Fitzgerald", "fitzgerald"), ("Yamamoto", "yamamoto"), ("Mensah", "mensah"),
        ("Brown", "brown"), ("Wilson", "wilson"), ("Taylor", "taylor"), ("Martin", "martin"), ("Lee", "lee"),
        ("Walker", "walker"), ("Hall", "hall"), ("Young", "young"), ("King", "king"), ("Wright", "wright"),
        ("Scott", "scott"), ("Green", "green"), ("Baker", "baker"), ("Adams", "adams"), ("Nelson", "nelson"),
        ("D'Angelo", "dangelo"), ("Ørsted", "orsted"), ("Çelik", "celik"), ("Şahin", "sahin"),
        ("van der Berg", "vanderberg"),
    ]

    /// Nicknames some users carry in quotes in their full name, such as `Robert "Bobby" Smith`.
    static let nicknames = ["Ace", "Doc", "Sunny", "Buzz", "🚀", "Chief"]

    /// Domains of guests' email addresses.
    static let guestEmailDomains = ["gmail.com", "contractor.io", "partner-agency.com", "outlook.com"]

    /// Companies: (enterprise name, Slack domain, email domain).
    static let companies: [(String, String, String)] = [
        ("Acme Corporation", "acme", "acme.com"), ("Globex", "globex", "globex.com"),
        ("Initech", "initech", "initech.com"), ("Umbrella Labs", "umbrella-labs", "umbrella-labs.com"),
        ("Stark Industries", "stark", "starkindustries.com"), ("Wayne Enterprises", "wayne", "wayne-enterprises.com"),
        ("Tyrell Corporation", "tyrell", "tyrell.com"), ("Cyberdyne Systems", "cyberdyne", "cyberdyne.io"),
        ("Soylent & Co. \"Green\"", "soylent", "soylent.co"), ("Müller & Söhne GmbH", "mueller-soehne", "mueller.de"),
        ("Hooli", "hooli", "hooli.xyz"), ("Pied Piper", "piedpiper", "piedpiper.com"),
    ]

    /// Workspace names after the company's: (name, domain suffix).
    static let workspaceSuffixes: [(String, String)] = [
        ("Engineering", "eng"), ("Sales", "sales"), ("Support", "support"), ("Marketing", "marketing"),
        ("Finance", "finance"), ("People", "people"), ("Legal", "legal"), ("Design", "design"),
        ("Operations", "ops"), ("Research", "research"), ("EMEA", "emea"), ("APAC", "apac"),
    ]

    /// Account types and their share of users, most common first.
    static let accountTypes: [(String, Double)] = [
        ("user", 0.80), ("admin", 0.07), ("owner", 0.02), ("restricted", 0.07), ("ultra_restricted", 0.04),
    ]

    /// Words channel names are made of.
    static let channelPrefixes = [
        "proj", "team", "eng", "ops", "sales", "support", "mkt", "design", "incident", "help", "announce", "social",
        "fin", "legal", "people", "data", "sec", "it", "ext",
    ]
    /// Words channel names are made of.
    static let channelTopics = [
        "apollo", "atlas", "phoenix", "zeus", "orion", "backend", "frontend", "mobile", "infra", "payments", "search",
        "growth", "onboarding", "billing", "release", "oncall", "hiring", "launch", "q3-planning", "emea", "apac",
        "alerts", "fun", "coffee", "books", "pets", "café", "straße",
    ]

    /// File titles.
    static let fileTitles = [
        "Q3 roadmap", "Quarterly report", "Offsite agenda", "Architecture diagram", "Customer list", "Budget 2025",
        "Design spec", "Meeting notes", "Incident postmortem", "Sales deck", "Contract draft", "Onboarding guide",
        "Release notes", "Screenshot", "Team photo", "Benchmark results", "Security review", "Invoice", "Org chart",
        "Pricing sheet", "Budget \"final\" v3", "Résumé – María", "Plan d'action", "Übersicht",
    ]
    /// File types: (extension, Slack `filetype`).
    static let fileTypes: [(String, String)] = [
        ("pdf", "pdf"), ("docx", "docx"), ("xlsx", "xlsx"), ("pptx", "pptx"), ("png", "png"), ("jpg", "jpg"),
        ("csv", "csv"), ("txt", "text"), ("mp4", "mp4"), ("zip", "zip"), ("key", "key"), ("canvas", "quip"),
    ]

    /// App names.
    static let appNames = [
        "Jira Cloud", "Google Drive", "Zoom", "GitHub", "PagerDuty", "Salesforce", "Asana", "Trello", "Polly", "Donut",
        "Loom", "Figma", "Workday", "Okta", "Datadog", "Sentry", "Confluence Cloud", "Box", "Dropbox", "Notion",
        "Linear", "Greenhouse", "Zendesk", "HubSpot", "Microsoft OneDrive", "Outlook Calendar", "Google Calendar",
        "Giphy", "Statuspage", "Opsgenie", "Deploy Bot", "Standup Bot", "Incident Bot", "Expense Helper",
        "IT Helpdesk", "Lunch Train", "Kudos", "Onboarding Buddy", "Release Notifier", "Security Alerts",
    ]
    /// OAuth scopes of users' tokens.
    static let userScopes = [
        "channels:read", "channels:history", "chat:write", "users:read", "users:read.email", "files:read",
        "files:write", "groups:read", "im:history", "search:read", "identify", "reactions:read", "team:read",
        "usergroups:read", "emoji:read", "links:read",
    ]
    /// OAuth scopes of bots' tokens.
    static let botScopes = [
        "chat:write", "chat:write.public", "commands", "incoming-webhook", "channels:read", "channels:join",
        "users:read", "files:write", "reactions:write", "app_mentions:read", "im:write", "links:write", "pins:read",
        "bookmarks:read", "calls:write",
    ]

    /// Legacy (Workflow Builder) and new-platform workflow names.
    static let workflowNames = [
        "Onboarding checklist", "PTO request", "Incident intake", "Expense approval", "IT access request",
        "Weekly standup", "New hire welcome", "Feedback form", "Bug report", "Shift handoff", "Customer escalation",
        "Equipment request", "Access review", "Travel request", "Daily check-in",
    ]
    /// Workflow steps: (name, Slack function app, type).
    static let workflowSteps: [(String, String?, String)] = [
        ("Send a message", nil, "builtin"), ("Open a form", nil, "builtin"),
        ("Send a message to a person", nil, "builtin"),
        ("Create a channel", nil, "builtin"), ("Add a reaction", nil, "builtin"), ("Create an issue", "app", "app"),
        ("Add a spreadsheet row", "app", "connector"), ("Run custom step", "app", "custom"),
    ]
    /// The app ID Slack's built-in workflow steps belong to.
    static let builtinFunctionAppID = "A0SLACKBLTN"

    /// User group names.
    static let usergroupNames = [
        "Engineering", "Design", "Product", "Sales", "Support", "Marketing", "On-call", "Admins", "Leadership",
        "Security", "Data Science", "Finance", "People Ops", "Legal", "IT", "Interns", "Contractors", "Managers",
        "Mobile", "Platform",
    ]
    /// Admin role names Slack defines.
    static let roleNames = [
        "Channels Admin", "Channel Manager", "Users Admin", "Workflow Admin", "Audit Logs Admin", "Roles Admin",
        "Conversations Admin", "Salesforce Admin", "DLP Admin", "Analytics Admin", "Legal Hold Admin",
        "Integrations Manager", "Security Admin", "Message Activity Manager", "Slack Connect Admin",
    ]
    /// Account-type roles.
    static let accountTypeRoleNames = [
        "Primary Owner", "Org Owner", "Org Admin", "Workspace Owner", "Workspace Admin", "Full Member",
        "Multi-Channel Guest", "Single-Channel Guest",
    ]
    /// What an information barrier can restrict.
    static let barrierSubjects = ["call", "dm", "mpdm", "file_share"]
    /// Slack list titles.
    static let listTitles = [
        "Project tracker", "Bug triage", "Launch checklist", "Hiring pipeline", "Content calendar", "OKRs",
        "Vendor list", "Asset inventory", "Sprint backlog", "Event planning",
    ]
    /// Callback IDs of custom functions.
    static let functionCallbacks = [
        "create_ticket", "lookup_customer", "approve_request", "send_summary", "assign_reviewer", "post_standup",
        "fetch_metrics", "rotate_oncall", "sync_calendar", "open_incident",
    ]
}
