from yardstick.cli import main

raise SystemExit(main())
