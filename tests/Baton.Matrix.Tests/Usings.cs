global using Baton.Testing;
global using Baton.Testing.Synapse;
