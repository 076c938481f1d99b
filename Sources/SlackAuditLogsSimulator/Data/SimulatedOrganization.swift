/// A simulated Enterprise Grid organization: its workspaces, users, channels, files, apps and every other kind of
/// object audit events are done to.
///
/// The organization is fixed by its seed and configuration: the same pair always gives an identical organization
/// (same IDs, names and flags), on every platform.
///
/// ```swift
/// let organization = try SimulatedOrganization(seed: 42)
/// organization.users[0].email   // e.g. "grace.okafor@initech.com"
/// ```
package struct SimulatedOrganization: Sendable, Hashable {
    /// The public name of this configuration is ``AuditLogsSimulator/OrganizationSize``.
    package typealias Configuration = AuditLogsSimulator.OrganizationSize

    /// The seed the organization was made from.
    package let seed: UInt64
    /// The sizes it was made with.
    package let configuration: Configuration
    /// The organization itself (`E0…`).
    package let enterprise: Enterprise
    /// Its workspaces (`T0…`).
    package let workspaces: [Workspace]
    /// Its users (`W0…`, some `U0…`); ``SimulatedEvent/actor`` is an index into this list.
    package let users: [User]
    /// Its conversations (`C0…`).
    package let channels: [Channel]
    /// Its files (`F0…`).
    package let files: [File]
    /// Its apps (`A0…`).
    package let apps: [App]
    /// Its Workflow Builder workflows (`Wf0…`).
    package let workflows: [Workflow]
    /// Its new-platform workflows (`Wf0…`).
    package let workflowsV2: [WorkflowV2]
    /// Its user groups (`S0…`).
    package let usergroups: [UserGroup]
    /// Its information barriers (`Bar0…`).
    package let barriers: [Barrier]
    /// Its admin roles (`Rl0…`).
    package let roles: [Role]
    /// Its account-type roles (`Rl0…`).
    package let accountTypeRoles: [AccountTypeRole]
    /// Its huddles (`R0…`).
    package let huddles: [Huddle]
    /// Its lists (`F0…`).
    package let lists: [List]
    /// Its custom functions (`Fn0…`).
    package let functions: [Function]
    /// Messages events can refer to.
    package let messages: [Message]
    /// The indices in ``users`` of admins and owners, who do most administrative actions.
    let administrators: [UInt32]

    /// Makes the organization for `seed`.
    /// - Throws: ``SimulationError`` with code ``SimulationError/Code/invalidConfiguration`` when a count in
    ///   `configuration` is out of range.
    package init(seed: UInt64 = 0, configuration: Configuration = Configuration()) throws(SimulationError) {
        try configuration.validate()
        var builder = OrganizationBuilder(seed: seed, configuration: configuration)
        self.seed = seed
        self.configuration = configuration
        enterprise = builder.enterprise
        workspaces = builder.workspaces
        let users = builder.makeUsers()
        self.users = users
        channels = builder.makeChannels(users: users)
        files = builder.makeFiles()
        apps = builder.makeApps(users: users)
        workflows = builder.makeWorkflows()
        workflowsV2 = builder.makeWorkflowsV2(apps: apps, users: users)
        usergroups = builder.makeUsergroups()
        barriers = builder.makeBarriers(usergroups: usergroups)
        roles = builder.makeRoles()
        accountTypeRoles = builder.makeAccountTypeRoles()
        huddles = builder.makeHuddles(channels: channels, users: users)
        lists = builder.makeLists()
        functions = builder.makeFunctions(apps: apps)
        messages = builder.makeMessages(channels: channels, workspaces: workspaces)
        let administrators = users.indices.filter {
            ["admin", "owner", "primary_owner"].contains(users[$0].accountType)
        }
        self.administrators = administrators.map { UInt32(truncatingIfNeeded: $0) }
    }
}
