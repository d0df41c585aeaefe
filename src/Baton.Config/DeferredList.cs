using System.Collections;

namespace Baton.Config;

/// <summary>A read-only list computed the first time anything reads it.</summary>
internal sealed class DeferredList<T>(Func<IReadOnlyList<T>> compute) : IReadOnlyList<T>
{
    private readonly Lazy<IReadOnlyList<T>> _items = new(compute);

    public int Count => _items.Value.Count;

    public T this[int index] => _items.Value[index];

    public IEnumerator<T> GetEnumerator() => _items.Value.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
