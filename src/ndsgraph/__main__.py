from ndsgraph.cli import main

raise SystemExit(main())
