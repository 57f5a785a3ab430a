import sys

from chalicelib.authoring.cli import main

sys.exit(main())
