from mbcstats.cli import main

raise SystemExit(main())
