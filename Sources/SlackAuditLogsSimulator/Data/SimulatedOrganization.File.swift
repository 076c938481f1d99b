extension SimulatedOrganization {
    /// A file (including canvases).
    public struct File: Sendable, Hashable {
        /// The ID, `F0…`.
        public let id: String
        /// The file name, such as `q3-roadmap.pdf`.
        public let name: String
        /// The title.
        public let title: String
        /// Slack's file type, such as `pdf` or `quip`.
        public let filetype: String
    }
}
