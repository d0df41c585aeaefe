global using Baton.Testing;
