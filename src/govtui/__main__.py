from govtui.cli import main

raise SystemExit(main())
