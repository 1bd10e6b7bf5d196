// Package graph is Maillage's domain: the nodes (Organisation, Dispositif, Territory, Public,
// Thematique, Instance), the relations between them, their validation, the application errors
// with their codes, and the Store interface that every storage backend implements.
//
// Nothing in this package knows about bbolt, Neo4j, bleve or GraphQL: those live in their own
// packages (graph/embedded, graph/neo4j, search, resolvers) and depend on this one, never the
// reverse ("Standard Package Layout").
package graph
