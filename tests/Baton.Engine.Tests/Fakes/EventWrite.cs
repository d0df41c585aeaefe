namespace Baton.Engine.Tests.Fakes;

/// <summary>A batch as one sink received it: the sink's name and the seqs in the order they were given.</summary>
public sealed record EventWrite(string Sink, IReadOnlyList<long> Seqs);
