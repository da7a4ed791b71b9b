jest.setTimeout(90_000); // e2e tests run real processes; per-test deadlines live in waitFor calls
