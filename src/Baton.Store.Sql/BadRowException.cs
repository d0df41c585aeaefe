using Baton.Core.Store;
namespace Baton.Store.Sql;

/// <summary>A stored value this version cannot read; the store turns it into a <see cref="StoreException"/> naming the file.</summary>
internal sealed class BadRowException(string what, Exception? inner = null) : Exception(what, inner);
