/// Renders ``SimulatedEvent``s as `GET logs` entries: compact JSON, written straight into a byte buffer.
///
/// Everything that depends only on the organization (each user's actor object, each entity object, each location)
/// is rendered once, when the renderer is made; rendering an event then copies those fragments and writes the
/// event's own values, with no `JSONEncoder` and no `String` formatting. The same event always renders to the same
/// bytes. Every member written is one Slack sends (see `logs-fields.tsv`), in a type Slack uses for it, so
/// `AuditLogEntry(parsing:)` decodes every entry with nothing left in `unknownFields`.
///
/// ```swift
/// let renderer = SimulatedEventRenderer(organization: organization, catalog: catalog)
/// var body: [UInt8] = []
/// renderer.appendJSON(of: event, to: &body)
/// ```
///
/// An event made for another organization or catalog still renders, its indices wrapped into range.
package struct SimulatedEventRenderer: Sendable {
    /// The organization events happen in.
    package let organization: SimulatedOrganization
    /// The actions events refer to.
    package let catalog: ActionCatalog

    let actionNames: FragmentTable
    let families: [DetailsFamily]
    let categoryOfAction: [String]
    let actorsWithAccountType: FragmentTable
    let actorsWithoutAccountType: FragmentTable
    let entities: [FragmentTable]
    let locations: FragmentTable
    let userLocations: [Int]
    let userIDs: FragmentTable
    let userObjects: FragmentTable
    let flatUsers: FragmentTable
    let emails: FragmentTable
    let channelIDs: FragmentTable
    let channelNames: FragmentTable
    let workspaceIDs: FragmentTable
    let appIDs: FragmentTable
    let appObjects: FragmentTable
    let fileIDs: FragmentTable
    let usergroupIDs: FragmentTable
    let roleNames: FragmentTable
    let workflowNames: FragmentTable
    let listTitles: FragmentTable
    let enterpriseID: FragmentTable
    let enterpriseName: FragmentTable
    let messageTimestamps: FragmentTable
    let userAgents: [FragmentTable]

    /// A renderer for events of `organization` whose actions index `catalog`.
    package init(organization: SimulatedOrganization, catalog: ActionCatalog) {
        self.organization = organization
        self.catalog = catalog
        actionNames = FragmentTable(strings: catalog.actions)
        categoryOfAction = catalog.categoryIndices.map { catalog.categories[Int($0)] }
        families = catalog.actions.indices.map { index in
            DetailsFamily(
                category: catalog.categories[Int(catalog.categoryIndices[index])],
                action: catalog.actions[index]
            )
        }
        let users = organization.users
        userIDs = FragmentTable(strings: users.map(\.id))
        emails = FragmentTable(strings: users.map(\.email))
        var userObjects = FragmentTable()
        var withoutAccountType = FragmentTable()
        var flatUsers = FragmentTable()
        for user in users {
            userObjects.add { Self.writeUser(user, accountType: true, to: &$0) }
            withoutAccountType.add { Self.writeUser(user, accountType: false, to: &$0) }
            flatUsers.add { out in
                out.raw(#"{"type":"user","id":"#)
                out.string(user.id)
                out.raw(#","name":"#)
                out.string(user.name)
                out.raw(#","email":"#)
                out.string(user.email)
                out.raw(#","team":"#)
                out.string(user.team)
                out.raw("}")
            }
        }
        self.userObjects = userObjects
        self.flatUsers = flatUsers
        var actors = FragmentTable()
        var actorsWithoutAccountType = FragmentTable()
        for index in users.indices {
            actors.add { out in
                out.raw(#"{"type":"user","user":"#)
                out.fragment(userObjects, index)
                out.raw("}")
            }
            actorsWithoutAccountType.add { out in
                out.raw(#"{"type":"user","user":"#)
                out.fragment(withoutAccountType, index)
                out.raw("}")
            }
        }
        actorsWithAccountType = actors
        self.actorsWithoutAccountType = actorsWithoutAccountType
        var locations = FragmentTable()
        for workspace in organization.workspaces {
            locations.add { out in
                out.raw(#"{"type":"workspace","id":"#)
                out.string(workspace.id)
                out.raw(#","name":"#)
                out.string(workspace.name)
                out.raw(#","domain":"#)
                out.string(workspace.domain)
                out.raw("}")
            }
        }
        let enterprise = organization.enterprise
        locations.add { out in
            out.raw(#"{"type":"enterprise","id":"#)
            out.string(enterprise.id)
            out.raw(#","name":"#)
            out.string(enterprise.name)
            out.raw(#","domain":"#)
            out.string(enterprise.domain)
            out.raw("}")
        }
        self.locations = locations
        userLocations = users.map(\.workspace)
        channelIDs = FragmentTable(strings: organization.channels.map(\.id))
        channelNames = FragmentTable(strings: organization.channels.map(\.name))
        workspaceIDs = FragmentTable(strings: organization.workspaces.map(\.id))
        appIDs = FragmentTable(strings: organization.apps.map(\.id))
        var appObjects = FragmentTable()
        for app in organization.apps {
            appObjects.add { Self.writeApp(app, to: &$0) }
        }
        self.appObjects = appObjects
        fileIDs = FragmentTable(strings: organization.files.map(\.id))
        usergroupIDs = FragmentTable(strings: organization.usergroups.map(\.id))
        roleNames = FragmentTable(strings: organization.roles.map(\.name))
        workflowNames = FragmentTable(strings: organization.workflowsV2.map(\.name))
        listTitles = FragmentTable(strings: organization.lists.map(\.title))
        enterpriseID = FragmentTable(strings: [enterprise.id])
        enterpriseName = FragmentTable(strings: [enterprise.name])
        messageTimestamps = FragmentTable(strings: organization.messages.map(\.timestamp))
        userAgents = [
            EventVocabulary.browserAgents, EventVocabulary.desktopAgents, EventVocabulary.mobileAgents,
            EventVocabulary.apiAgents,
        ].map { FragmentTable(strings: $0) }
        entities = Self.entityTables(of: organization, userObjects: userObjects, appObjects: appObjects)
    }

    /// Appends the event's entry, as compact JSON, to `buffer`.
    package func appendJSON(of event: SimulatedEvent, to buffer: inout [UInt8]) {
        var out = EventJSONWriter()
        swap(&out.bytes, &buffer)
        write(event, to: &out)
        swap(&out.bytes, &buffer)
    }

    /// The event's entry as compact JSON.
    package func json(of event: SimulatedEvent) -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1_024)
        appendJSON(of: event, to: &buffer)
        return buffer
    }

    private func write(_ event: SimulatedEvent, to out: inout EventJSONWriter) {
        var random = SimulationRandom(seed: event.variant)
        let action = Int(event.action) % actionNames.count
        let actor = Int(event.actor) % max(userIDs.count, 1)
        out.raw(#"{"id":"#)
        out.uuid(event.id)
        out.raw(#","date_create":"#)
        out.integer(event.dateCreate)
        out.raw(#","action":"#)
        out.fragment(actionNames, action)
        out.raw(#","actor":"#)
        out.fragment(random.chance(0.85) ? actorsWithAccountType : actorsWithoutAccountType, actor)
        out.raw(#","entity":"#)
        out.fragment(entities[event.entity.kind.ordinal], Int(event.entity.index))
        out.raw(#","context":"#)
        writeContext(of: event, action: action, actor: actor, random: &random, to: &out)
        let start = out.bytes.count
        out.raw(#","details":"#)
        let members = out.beginContainer()
        let input = DetailsInput(event: event, action: action, actor: actor, entity: Int(event.entity.index))
        writeDetails(families[action], input, random: &random, to: &out)
        if out.bytes.count == members {
            out.bytes.removeSubrange(start...)
        } else {
            out.endObject(members)
        }
        out.raw("}")
    }
}
