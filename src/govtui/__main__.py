from govtui.launch import main

raise SystemExit(main())
