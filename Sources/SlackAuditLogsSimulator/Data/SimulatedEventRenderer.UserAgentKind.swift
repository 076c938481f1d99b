extension SimulatedEventRenderer {
    /// The kinds of client whose user agents ``SimulatedEventRenderer/userAgents`` holds, in its order.
    enum UserAgentKind: Int {
        case browser
        case desktop
        case mobile
        case api
    }
}
